" seclint as an ALE linter.  Source this from your vimrc after ALE is loaded, e.g.
"   packadd! ale          (Debian's vim-ale; or your plugin manager's line)
"   let g:seclint_executable = expand('~/venvs/seclint/bin/seclint')   " default: seclint on PATH
"   let g:seclint_settings = {'minConfidence': 'medium'}              " the server's settings
"   source /path/to/seclint/editors/vim/ale.vim
" Then :ALEHover explains a finding, :ALECodeAction offers the fix and the suppression.

call ale#linter#Define('python', {
\   'name': 'seclint',
\   'lsp': 'stdio',
\   'executable': {buffer -> get(g:, 'seclint_executable', 'seclint')},
\   'command': '%e lsp',
\   'project_root': function('ale#python#FindProjectRoot'),
\   'initialization_options': {buffer -> get(g:, 'seclint_settings', {})},
\   'lsp_config': {buffer -> {'seclint': get(g:, 'seclint_settings', {})}},
\})
