" Drives Vim 9 + Debian's ALE against seclint with editors/vim/ale.vim: ALE's loclist,
" :ALEHover (to the preview window), :ALECodeAction (answering its numbered prompt as a user
" would), :write.  ALE sends only rootUri and drops Diagnostic.data, so this checks that the
" server's actions work from the diagnostic's code and range alone.  Writes JSON to
" $SECLINT_REPORT.

set nocompatible
filetype plugin on
packadd ale
let g:ale_hover_to_preview = 1
let g:ale_linters = {'python': ['seclint']}
let g:ale_echo_cursor = 0
let g:seclint_executable = $SECLINT_CMD
let g:seclint_settings = {'minConfidence': 'low'}
execute 'source' fnameescape($SECLINT_ROOT . '/editors/vim/ale.vim')

let s:report = {'steps': [], 'vim': v:version}

function! s:Wait(ms, condition, what) abort
  let l:waited = 0
  while !eval(a:condition)
    if l:waited >= a:ms
      throw 'timed out waiting for ' . a:what
    endif
    sleep 50m
    let l:waited += 50
  endwhile
endfunction

function! s:Loclist() abort
  let l:items = []
  for l:item in get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
    if l:item.linter_name is# 'seclint'
      call add(l:items, {'lnum': l:item.lnum, 'col': l:item.col, 'end_col': get(l:item, 'end_col', -1),
      \ 'type': l:item.type, 'code': get(l:item, 'code', ''), 'text': l:item.text})
    endif
  endfor
  return l:items
endfunction

function! s:GoTo(code) abort
  for l:item in s:Loclist()
    if l:item.code is# a:code
      call cursor(l:item.lnum, l:item.col + 1)
      return
    endif
  endfor
  throw 'no ' . a:code . ' in ' . string(s:Loclist())
endfunction

" ALE lists the actions as '1) title' lines and reads a number: answer with the wanted one.
let s:want = ''
let s:offered = []
function! s:Answer(message, value, ...) abort
  let s:offered = []
  let l:answer = ''
  for l:line in split(a:message, "\n")
    let l:match = matchlist(l:line, '^\(\d\+\)) \(.*\)$')
    if !empty(l:match)
      call add(s:offered, l:match[2])
      if empty(l:answer) && stridx(l:match[2], s:want) >= 0
        let l:answer = l:match[1]
      endif
    endif
  endfor
  return l:answer
endfunction

function! s:CodeAction(title) abort
  let s:want = a:title
  let s:offered = []
  ALECodeAction
  call s:Wait(20000, '!empty(s:offered)', 'the code-action prompt')
  return copy(s:offered)
endfunction

function! s:Run() abort
  runtime autoload/ale/util.vim
  " ale#util#Input is ALE's wrapper around input(), there so a prompt can be answered.
  function! ale#util#Input(message, value, ...) abort
    return call('s:Answer', [a:message, a:value] + a:000)
  endfunction

  execute 'edit' fnameescape($SECLINT_FILE)
  ALELint
  call s:Wait(60000, 'len(s:Loclist()) >= 2', 'diagnostics')
  let s:report.diagnostics = s:Loclist()
  call add(s:report.steps, 'diagnostics')

  call s:GoTo('PY-DESERIAL-YAML')
  ALEHover
  call s:Wait(20000, '!empty(filter(range(1, winnr(''$'')), ''getwinvar(v:val, ''''&previewwindow'''')''))', 'the hover preview')
  let l:preview = filter(range(1, winnr('$')), 'getwinvar(v:val, ''&previewwindow'')')[0]
  let s:report.hover = join(getbufline(winbufnr(l:preview), 1, '$'), "\n")
  pclose
  call add(s:report.steps, 'hover')

  call s:GoTo('PY-DESERIAL-YAML')
  let s:report.yaml_actions = s:CodeAction('Use yaml.safe_load')
  call s:Wait(20000, 'getline(7) =~# ''safe_load''', 'the yaml fix in the buffer')
  call add(s:report.steps, 'quickfix')
  ALELint
  call s:Wait(20000, 'len(s:Loclist()) == 1', 'the yaml finding to go')

  call s:GoTo('PY-CMD-SHELL')
  let s:report.shell_actions = s:CodeAction('Suppress PY-CMD-SHELL')
  call s:Wait(20000, 'getline(11) =~# ''seclint: ignore''', 'the suppression in the buffer')
  ALELint
  call s:Wait(20000, 'empty(s:Loclist())', 'the diagnostics to clear')
  let s:report.diagnostics_after = s:Loclist()
  call add(s:report.steps, 'suppress')

  write
  call add(s:report.steps, 'write')
endfunction

try
  call s:Run()
catch
  let s:report.error = v:exception . ' at ' . v:throwpoint
endtry
call writefile([json_encode(s:report)], $SECLINT_REPORT)
qall!
