"""refgc_compiler: placeholder docstring (see below)."""
