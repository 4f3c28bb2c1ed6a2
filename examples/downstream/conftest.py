"""Marks this folder as the rootdir of the sample downstream project."""
