"""The work session (werksessie) in the browser: for a cohort's client cases a group
judges the attribution (or, for a latent risk, the probability) of chosen items; the page
shows the spread, the group agrees a value, and the agreed value with its spread goes onto
the cohort's rows and into its interval. The maths is the engine's
(:mod:`rendement.worksession`); this app stores who judged what and when, and shows it."""
