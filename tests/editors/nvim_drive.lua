-- Drives a real, headless Neovim, configured by an init.lua made from the README's snippet,
-- through the seclint plugin the way a user would: open a
-- vulnerable file, read the editor's diagnostics, hover, pick fixes from the code-action menu,
-- :SeclintExplain, save.  Writes what it saw to $SECLINT_REPORT as JSON; the pytest side
-- (test_nvim.py) checks it and the file on disk.

local report = { steps = {} }
local report_path = assert(os.getenv("SECLINT_REPORT"))

local function finish(err)
  report.error = err
  local handle = assert(io.open(report_path, "w"))
  handle:write(vim.fn.json_encode(report))
  handle:close()
  vim.cmd("qall!")
end

local function step(name)
  table.insert(report.steps, name)
end

local function floats()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      table.insert(found, win)
    end
  end
  return found
end

local function close_floats()
  for _, win in ipairs(floats()) do
    vim.api.nvim_win_close(win, true)
  end
end

local function float_text()
  local win = floats()[1]
  local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
  return table.concat(lines, "\n")
end

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
      code = d.code or lsp.code,
      message = d.message,
    })
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum
  end)
  return out
end

local function find_diagnostic(buf, code)
  for _, d in ipairs(diagnostics(buf)) do
    if d.code == code then
      return d
    end
  end
end

-- Choose a code action from the editor's menu (vim.ui.select) by its title, as a user would.
local function pick_action(pattern)
  local offered = {}
  local original = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, action.title)
      if action.title:find(pattern, 1, true) then
        vim.ui.select = original
        on_choice(item, i)
        return
      end
    end
    vim.ui.select = original
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  return offered
end

local function wait(ms, condition, what)
  if not vim.wait(ms, condition, 50) then
    error("timed out waiting for " .. what)
  end
end

local ok, err = pcall(function()
  -- The user's init.lua (written by test_nvim.py from the README) has run setup().
  vim.cmd("edit " .. vim.fn.fnameescape(assert(os.getenv("SECLINT_FILE"))))
  local buf = vim.api.nvim_get_current_buf()
  report.nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch
  -- 0.11+: the plugin registered the server with vim.lsp.config (no FileType autocommand of its own).
  report.native_config = vim.lsp.config ~= nil and vim.lsp.config.seclint ~= nil

  wait(60000, function()
    return #vim.diagnostic.get(buf) >= 2
  end, "diagnostics")
  report.diagnostics = diagnostics(buf)
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get_clients()) do
    if client.name == "seclint" then
      report.root_dir = client.config.root_dir
    end
  end
  step("diagnostics")

  local yaml = assert(find_diagnostic(buf, "PY-DESERIAL-YAML"), "no PY-DESERIAL-YAML diagnostic")
  vim.api.nvim_win_set_cursor(0, { yaml.lnum + 1, yaml.col + 2 })
  vim.lsp.buf.hover()
  wait(20000, function()
    return #floats() > 0
  end, "the hover window")
  report.hover = float_text()
  close_floats()
  step("hover")

  -- :SeclintExplain with no argument explains the finding under the cursor.
  vim.api.nvim_win_set_cursor(0, { yaml.lnum + 1, yaml.col + 2 })
  vim.cmd("SeclintExplain")
  wait(20000, function()
    return #floats() > 0
  end, "the :SeclintExplain window for the finding under the cursor")
  report.explain_here = float_text()
  close_floats()
  step("explain under cursor")

  -- :SeclintRestart: a new server process attaches and publishes again.
  local function client_id()
    for _, client in ipairs(get_clients()) do
      if client.name == "seclint" and vim.lsp.buf_is_attached(buf, client.id) then
        return client.id
      end
    end
  end
  local before = client_id()
  vim.cmd("SeclintRestart")
  wait(30000, function()
    local now = client_id()
    return now ~= nil and now ~= before and #vim.diagnostic.get(buf) >= 2
  end, "a restarted server to publish")
  report.restarted = { before = before, after = client_id() }
  step("restart")

  vim.api.nvim_win_set_cursor(0, { yaml.lnum + 1, yaml.col + 2 })
  report.yaml_actions = pick_action("yaml.safe_load")
  wait(20000, function()
    return vim.api.nvim_buf_get_lines(buf, yaml.lnum, yaml.lnum + 1, false)[1]:find("safe_load", 1, true) ~= nil
  end, "the yaml fix in the buffer")
  step("quickfix")

  local shell = assert(find_diagnostic(buf, "PY-CMD-SHELL"), "no PY-CMD-SHELL diagnostic")
  vim.api.nvim_win_set_cursor(0, { shell.lnum + 1, shell.col })
  report.shell_actions = pick_action("Suppress PY-CMD-SHELL")
  wait(20000, function()
    return vim.api.nvim_buf_get_lines(buf, shell.lnum, shell.lnum + 1, false)[1]:find("seclint: ignore", 1, true) ~= nil
  end, "the suppression comment in the buffer")
  wait(20000, function()
    return #vim.diagnostic.get(buf) == 0
  end, "the diagnostics to clear after the fix and the suppression")
  report.diagnostics_after = diagnostics(buf)
  step("suppress")

  vim.cmd("SeclintExplain PY-TLS-NO-VERIFY")
  wait(20000, function()
    return #floats() > 0
  end, "the :SeclintExplain window")
  report.explain = float_text()
  close_floats()
  step("explain")

  vim.cmd("write")
  step("write")
end)

finish(not ok and tostring(err) or nil)
