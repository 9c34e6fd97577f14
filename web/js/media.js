// @ts-check
/**
 * A question's picture and sound (packs with media). The host serves them from `/media/…`
 * with a long cache time (a stored file never changes), phones get a smaller copy from
 * `/media/phone/…`, and only the projector plays sounds.
 * @module media
 */

import { h } from "./dom.js";

/** A stored media path from a pack: `media/<hash>.<ext>`. */
const STORED = /^media\/([0-9a-f]{32}\.(?:png|jpg|gif|webp|mp3|ogg|wav|m4a))$/;

/**
 * @param {{image?: string, audio?: string}} q
 * @param {"phone" | "screen"} where
 * @returns {HTMLElement | null}
 */
export function questionMedia(q, where) {
  const image = typeof q.image === "string" ? STORED.exec(q.image) : null;
  const audio = where === "screen" && typeof q.audio === "string" ? STORED.exec(q.audio) : null;
  if (!image && !audio) return null;
  return h(
    "div",
    { class: "q-media-box" },
    image
      ? h("img", {
          class: "q-media",
          src: where === "phone" ? `/media/phone/${image[1]}` : `/media/${image[1]}`,
          alt: "Picture for this question",
          decoding: "async",
        })
      : null,
    audio ? h("audio", { class: "q-audio", src: `/media/${audio[1]}`, controls: true, autoplay: true }) : null,
  );
}
