"""What référents write about a learner (notes, the review and its follow-ups, orientation notes), with history."""
