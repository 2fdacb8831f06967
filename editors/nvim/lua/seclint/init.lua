-- seclint for Neovim: starts `seclint lsp` for Python buffers and adds :SeclintExplain.
--
--   require("seclint").setup({
--     cmd = { "/path/to/venv/bin/seclint", "lsp" },  -- default: `seclint` on PATH
--     settings = { minConfidence = "medium", ignore = { "PY-REQUESTS-NO-TIMEOUT" } },
--   })
--
-- Neovim 0.11+ registers the server with vim.lsp.config/vim.lsp.enable; 0.7-0.10 start it
-- from a FileType autocommand with vim.lsp.start_client + vim.lsp.buf_attach_client.

local M = {}

local defaults = {
  cmd = nil, -- list: the command that runs the server
  interpreter = nil, -- a Python (or venv folder) with seclint installed: runs `python -m seclint lsp`
  settings = {}, -- the server's settings (README "Settings"): sent as init_options and workspace/configuration
  filetypes = { "python" },
  root_markers = { "pyproject.toml", "setup.cfg", "setup.py", ".git" },
  on_attach = nil,
  capabilities = nil,
  border = "rounded", -- of the :SeclintExplain window
}

M.config = nil
local clients_by_root = {} -- 0.7-0.10: one client per project root

local function notify(message, level)
  vim.notify("seclint: " .. message, level or vim.log.levels.ERROR)
end

local function is_dir(path)
  return vim.fn.isdirectory(path) == 1
end

-- The command that starts the server, or nil and why not.
local function resolve_cmd(opts)
  if opts.cmd then
    if type(opts.cmd) ~= "table" or vim.fn.executable(opts.cmd[1]) ~= 1 then
      return nil, "cmd = " .. vim.inspect(opts.cmd) .. " is not an executable command"
    end
    return opts.cmd
  end
  if opts.interpreter then
    local python = vim.fn.expand(opts.interpreter)
    if is_dir(python) then
      python = python .. "/bin/python"
    end
    if vim.fn.executable(python) ~= 1 then
      return nil, "interpreter = " .. python .. " is not an executable file"
    end
    return { python, "-m", "seclint", "lsp" }
  end
  local found = vim.fn.exepath("seclint")
  if found ~= "" then
    return { found, "lsp" }
  end
  return nil, "no `seclint` on PATH; pass cmd = { '/path/to/venv/bin/seclint', 'lsp' } to require('seclint').setup()"
end

-- Lua's {} encodes as a JSON list; the server wants objects.
local function as_object(value)
  if type(value) == "table" and vim.tbl_isempty(value) then
    return vim.empty_dict()
  end
  return value
end

local function server_settings(settings)
  local out = {}
  for key, value in pairs(settings or {}) do
    if key == "severity" or key == "engines" then
      value = as_object(value)
    end
    out[key] = value
  end
  return as_object(out)
end

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(markers) do
    local hit = vim.fn.findfile(marker, start .. ";")
    if hit == "" then
      hit = vim.fn.finddir(marker, start .. ";")
    end
    if hit ~= "" then
      local full = vim.fn.fnamemodify(hit, ":p"):gsub("/$", "")
      return vim.fn.fnamemodify(full, ":h")
    end
  end
  return start
end

local function client_config(opts, cmd)
  local settings = server_settings(opts.settings)
  return {
    name = "seclint",
    cmd = cmd,
    init_options = settings,
    settings = { seclint = settings },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
end

local function seclint_clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local found = {}
  for _, client in ipairs(get(bufnr and { bufnr = bufnr } or nil) or {}) do
    if client.name == "seclint" and (not bufnr or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(found, client)
    end
  end
  return found
end

local function has_native_config()
  return vim.fn.has("nvim-0.11") == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

-- 0.7-0.10 (and :SeclintRestart everywhere): start or reuse the project's client and attach.
local function attach(bufnr)
  if vim.bo[bufnr].buftype ~= "" then
    return
  end
  local opts = M.config
  local cmd, why = resolve_cmd(opts)
  if not cmd then
    notify(why)
    return
  end
  local root = root_dir(bufnr, opts.root_markers)
  if has_native_config() then
    local config = client_config(opts, cmd)
    config.root_dir = root
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients_by_root[root]
  if not id or vim.lsp.client_is_stopped(id) then
    local config = client_config(opts, cmd)
    config.root_dir = root
    config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(config)
    if not id then
      notify("could not start " .. table.concat(cmd, " "))
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

local function rule_under_cursor()
  local bufnr = vim.api.nvim_get_current_buf()
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line, col = cursor[1] - 1, cursor[2]
  local best
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = line })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if d.source == "seclint" and type(code) == "string" then
      local inside = col >= d.col and (col < d.end_col or d.end_lnum > line)
      if inside or not best then
        best = code
      end
      if inside then
        break
      end
    end
  end
  return best
end

-- Client methods are called with ':' from 0.11 on (the '.' form is deprecated there).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- Show a rule's documentation (workspace/executeCommand seclint.explain) in a floating window.
function M.explain(rule_id)
  rule_id = (rule_id and rule_id ~= "") and rule_id or rule_under_cursor()
  if not rule_id then
    notify("no seclint finding under the cursor; give a rule id: :SeclintExplain PY-CMD-SHELL", vim.log.levels.WARN)
    return
  end
  local client = seclint_clients(vim.api.nvim_get_current_buf())[1] or seclint_clients(nil)[1]
  if not client then
    notify("the server is not running for this buffer")
    return
  end
  local params = { command = "seclint.explain", arguments = { rule_id } }
  request(client, "workspace/executeCommand", params, function(err, result)
    if err then
      notify(err.message or vim.inspect(err))
      return
    end
    if type(result) ~= "string" then
      notify("no documentation for " .. rule_id)
      return
    end
    local lines = vim.split(result, "\n", { plain = true })
    local width = math.min(100, math.floor(vim.o.columns * 0.8))
    local height = math.min(#lines, math.floor(vim.o.lines * 0.7))
    vim.lsp.util.open_floating_preview(lines, "markdown", {
      border = M.config.border,
      max_width = width,
      max_height = height,
      focus_id = "seclint-explain",
    })
  end, vim.api.nvim_get_current_buf())
end

function M.restart()
  local buffers = {}
  for _, client in ipairs(seclint_clients(nil)) do
    for bufnr in pairs(client.attached_buffers or {}) do
      buffers[bufnr] = true
    end
    if vim.fn.has("nvim-0.11") == 1 then
      client:stop()
    else
      client.stop()
    end
  end
  vim.wait(3000, function()
    return #seclint_clients(nil) == 0
  end, 50)
  clients_by_root = {}
  for bufnr in pairs(buffers) do
    if vim.api.nvim_buf_is_valid(bufnr) then
      attach(bufnr)
    end
  end
end

function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_deep_extend("force", defaults, opts)
  -- Lists replace the defaults rather than merging with them index by index.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts[key] ~= nil then
      M.config[key] = opts[key]
    end
  end
  local config = M.config

  vim.api.nvim_create_user_command("SeclintExplain", function(args)
    M.explain(args.args)
  end, { nargs = "?", desc = "seclint: explain a rule (default: the finding under the cursor)" })
  vim.api.nvim_create_user_command("SeclintRestart", M.restart, { desc = "seclint: restart the server" })

  local cmd, why = resolve_cmd(config)
  if not cmd then
    notify(why)
    return
  end

  if has_native_config() then
    local native = client_config(config, cmd)
    native.filetypes = config.filetypes
    native.root_markers = config.root_markers
    vim.lsp.config("seclint", native)
    vim.lsp.enable("seclint")
    return
  end

  local group = vim.api.nvim_create_augroup("seclint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(event)
      attach(event.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      attach(bufnr)
    end
  end
end

return M
