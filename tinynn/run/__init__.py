"""What is done with the step: a set-up (`Config`), its trace, chain rules, nudges, the gradient
check, training and the notes' comparison of the two losses."""
