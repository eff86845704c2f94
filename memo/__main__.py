from memo.cli import main

main(prog_name="memo")
