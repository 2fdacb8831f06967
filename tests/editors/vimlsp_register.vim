" Sources editors/vim/vim-lsp.vim in real Vim, with vimlsp_stub/ standing in for vim-lsp, and
" fires the User lsp_setup event as vim-lsp does on start.
set nocompatible
execute 'set runtimepath^=' . fnameescape(expand('<sfile>:p:h') . '/vimlsp_stub')
let g:seclint_settings = json_decode($SECLINT_SETTINGS)
execute 'source' fnameescape($SECLINT_ROOT . '/editors/vim/vim-lsp.vim')
doautocmd User lsp_setup
qall!
