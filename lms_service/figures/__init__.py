"""The programme's figures: entries, retention through the nursery, the reviews' outcomes and their follow-ups.

Counted in a few grouped statements over the learners of the courses a viewer
follows (never one query per course or per learner), summed here into the
page's lines, and drawn as SVG bar charts beside the tables that hold the same
numbers.
"""
