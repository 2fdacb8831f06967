" seclint with vim-lsp (prabirshrestha/vim-lsp).  Source this from your vimrc:
"   let g:seclint_executable = expand('~/venvs/seclint/bin/seclint')   " default: seclint on PATH
"   let g:seclint_settings = {'minConfidence': 'medium'}              " the server's settings
"   source /path/to/seclint/editors/vim/vim-lsp.vim
" Then :LspHover explains a finding, :LspCodeAction offers the fix and the suppression.

augroup seclint_vim_lsp
  autocmd!
  autocmd User lsp_setup call lsp#register_server({
  \   'name': 'seclint',
  \   'cmd': {server_info -> [get(g:, 'seclint_executable', 'seclint'), 'lsp']},
  \   'allowlist': ['python'],
  \   'initialization_options': get(g:, 'seclint_settings', {}),
  \   'workspace_config': {'seclint': get(g:, 'seclint_settings', {})},
  \ })
augroup END
