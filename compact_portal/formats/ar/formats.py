"""Arabic: what Django's locale leaves out (date-time formats, the first day of the week)."""

TIME_FORMAT = "H:i"
NUMBER_GROUPING = 3  # Django's Arabic sets the separator "." but no grouping
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
# Saturday, as CLDR gives for most Arab League States (Egypt, Algeria, Iraq, Jordan, Kuwait …).
FIRST_DAY_OF_WEEK = 6
