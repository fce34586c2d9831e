"""What changed between two versions, as pure functions of their texts: the block diff
and redline, which edits are editorial, which are material, and whether the purposes of
processing changed (the change that notifies users)."""
