"""Applications on top of the layers below: the command line, the explorer and the teaching checks."""
