from partyhost.cli import main

main()
