"""`python -m pipeline` runs the mtcl command."""
from .cli import main

main(prog_name="mtcl")
