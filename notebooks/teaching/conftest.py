# The students' notebooks have blanks and are meant to stop at their checks: nbval runs only the
# worked solutions (solutions/); tests/notebooks/test_teaching.py checks the students' versions.
collect_ignore_glob = ["[0-9]*.ipynb"]
