"""Students: their pathway profiles, rankings, what they see, the directory, withdrawal."""
