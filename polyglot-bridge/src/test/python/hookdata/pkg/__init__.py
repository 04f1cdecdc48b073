"""A package imported through the instrumenting hook in test_hook."""
