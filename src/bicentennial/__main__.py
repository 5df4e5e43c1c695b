from bicentennial.cli import main

main()
