"""Help for template authors: the data file's JSON Schema, the names each document type's
templates may use, a checker for template folders (both routes) and a German reference."""
