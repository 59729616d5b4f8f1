"""The portal's own date and number formats (FORMAT_MODULE_PATH), where Django's do not suit.

Only what differs from Django's locale formats is set here; everything else falls through to
`django.conf.locale.<language>.formats`.
"""
