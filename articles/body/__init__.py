"""A story's body: its stored vocabulary, its elements and how each output renders them."""
