import sys

from memo.cli import run

# The whole process is memo's when this module is the program (python -m memo), not when another program runs
# it inside its own (runpy.run_module without alter_sys), which expects to get control back.
run(whole=globals() is sys.modules["__main__"].__dict__)
