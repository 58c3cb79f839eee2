from wikilint.cli import main

main()
