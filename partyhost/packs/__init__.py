"""Question packs: the file format, validation, and the library of packs on disk."""
