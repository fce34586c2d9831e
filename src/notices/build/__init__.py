"""One build, from notices to files: loading and analysing, computing each notice's pages
(in workers), writing them into a site, and checking a built site against Git. Both
adapters (the MkDocs plugin and ``notices build``) drive it."""
