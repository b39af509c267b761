# A Sphinx site whose marked code blocks become Runcell runners (test/consumers/static-generators.test.ts).
project = 'Runcell on Sphinx'
html_static_path = ['_static']
# Loads the element module from _static/runcell/ (the output of `runcell assets`) and upgrades the marked blocks.
html_js_files = [('runcell.js', {'defer': 'defer'})]
