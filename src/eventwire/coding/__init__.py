"""Event coding: lexicons, trigger matching, roles and auxiliary modes for the events stage."""
