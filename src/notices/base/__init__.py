"""The floor every layer stands on: the model's plain dataclasses, errors, the URL scheme,
message catalogs, options and the few primitives (memo tables, chunking, dates) that hold
no state of a build. Nothing here imports another layer."""
