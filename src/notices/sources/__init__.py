"""Reading the inputs: Git history (one ``git log`` pass, one ``cat-file --batch``), front
matter, legacy ``versions/`` files, notes, and the rules that turn files into notices:
grouping commits into versions, renames, supersession, translations and languages."""
