-- Headless Neovim (0.7+) as a real LSP client of the vmx-cpuid language server.
-- Run from the repository root (test/nvim/run.sh does):
--   nvim --headless -u NONE -i NONE -c 'luafile test/nvim/lsp_test.lua'
-- Checks: the server publishes a `duplicate-key` diagnostic for the fixture,
-- textDocument/documentSymbol returns a `cpuid` group, and textDocument/hover
-- on a mask flag of hover.vmx names the feature (AVX2). Writes what it saw
-- as JSON to $VMX_NVIM_RESULTS (default test-results/nvim-lsp.json) and exits
-- non-zero on any failure.

local root = vim.fn.getcwd()
local fixture = root .. '/test/e2e/fixtures/duplicate-key.vmx'
local hover_fixture = root .. '/test/e2e/fixtures/hover.vmx'
local results_path = os.getenv('VMX_NVIM_RESULTS') or (root .. '/test-results/nvim-lsp.json')
local timeout_ms = tonumber(os.getenv('VMX_NVIM_TIMEOUT_MS') or '') or 20000

-- print() in headless mode goes to the message area; write to stdout directly.
local function say(msg)
  io.stdout:write('[nvim] ' .. msg .. '\n')
end

local results = { fixture = fixture, checks = {} }
local failures = 0

local function check(name, ok, detail)
  table.insert(results.checks, { name = name, ok = ok and true or false, detail = detail })
  if ok then
    say('ok   ' .. name)
  else
    failures = failures + 1
    say('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
end

-- Raw publishDiagnostics params, as the server sent them (Neovim's own
-- diagnostic store reshapes them; we want the LSP `code` and `source`).
local published = {}

local function run()
  local client_id = vim.lsp.start_client({
    name = 'vmx-cpuid',
    cmd = { 'node', root .. '/bin/vmx-cpuid-language-server.js', '--stdio' },
    root_dir = root,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        table.insert(published, params)
        return vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, config)
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client returned nil: could not start the language server')

  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'vmx'
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  local client = vim.lsp.get_client_by_id(client_id)
  local initialized = vim.wait(timeout_ms, function()
    return client ~= nil and client.initialized == true
  end, 50)
  check('server initializes', initialized, 'no initialize response within ' .. timeout_ms .. ' ms')
  if not initialized then
    return client_id
  end

  -- Second occurrence of cpuid.1.ecx (0-based line), where the diagnostic belongs.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local occurrences = {}
  for i, line in ipairs(lines) do
    if line:find('^cpuid%.1%.ecx') then
      table.insert(occurrences, i - 1)
    end
  end
  assert(#occurrences == 2, 'fixture must contain cpuid.1.ecx twice')

  local uri = vim.uri_from_bufnr(bufnr)
  local duplicate
  vim.wait(timeout_ms, function()
    for _, params in ipairs(published) do
      if params.uri == uri then
        for _, d in ipairs(params.diagnostics) do
          if d.code == 'duplicate-key' and d.source == 'vmx-cpuid' then
            duplicate = d
            return true
          end
        end
      end
    end
    return false
  end, 50)
  results.published = published
  check('publishDiagnostics has a duplicate-key diagnostic', duplicate ~= nil,
    #published .. ' publishDiagnostics notification(s), none with code duplicate-key')
  if duplicate then
    check('duplicate-key is on the second cpuid.1.ecx', duplicate.range.start.line == occurrences[2],
      'line ' .. duplicate.range.start.line .. ', expected ' .. occurrences[2])
  end

  local response = client.request_sync('textDocument/documentSymbol',
    { textDocument = { uri = uri } }, timeout_ms, bufnr)
  local symbols = response and response.result
  results.documentSymbol = response
  local cpuid
  for _, symbol in ipairs(symbols or {}) do
    if symbol.name == 'cpuid' then
      cpuid = symbol
    end
  end
  check('documentSymbol has a cpuid group', cpuid ~= nil,
    'response: ' .. vim.inspect(response, { newline = ' ', indent = '' }))
  if cpuid then
    local has_key = false
    for _, child in ipairs(cpuid.children or {}) do
      has_key = has_key or child.name == 'cpuid.1.ecx'
    end
    check('cpuid group contains cpuid.1.ecx', has_key)
  end

  -- textDocument/hover on a mask flag: the `0` at bit 5 of cpuid.7.0.ebx in
  -- hover.vmx hides AVX2. Opened as a second buffer attached to the same client.
  vim.cmd('edit ' .. vim.fn.fnameescape(hover_fixture))
  local hover_buf = vim.api.nvim_get_current_buf()
  vim.bo[hover_buf].filetype = 'vmx'
  assert(vim.lsp.buf_attach_client(hover_buf, client_id), 'buf_attach_client failed for hover.vmx')
  local hover_line, hover_col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(hover_buf, 0, -1, false)) do
    if line:find('^cpuid%.7%.0%.ebx') then
      -- Flag index 26 (bit 31 - 26 = 5): skip the opening quote and the ':' separators.
      local open = line:find('"', 1, true)
      local flags = 0
      for col = open + 1, #line do
        local ch = line:sub(col, col)
        if ch ~= ':' then
          if flags == 26 then
            hover_line, hover_col = i - 1, col - 1
            break
          end
          flags = flags + 1
        end
      end
    end
  end
  assert(hover_line, 'hover.vmx must contain a cpuid.7.0.ebx mask')
  local hover_uri = vim.uri_from_bufnr(hover_buf)
  local hover_response = client.request_sync('textDocument/hover', {
    textDocument = { uri = hover_uri },
    position = { line = hover_line, character = hover_col },
  }, timeout_ms, hover_buf)
  results.hover = hover_response
  local hover = hover_response and hover_response.result
  local value = hover and type(hover.contents) == 'table' and hover.contents.value or ''
  check('hover on bit 5 of cpuid.7.0.ebx answers markdown', hover ~= nil and hover.contents.kind == 'markdown',
    'response: ' .. vim.inspect(hover_response, { newline = ' ', indent = '' }))
  check('hover names the register bit CPUID.(EAX=07H,ECX=0):EBX[5]',
    value:find('CPUID.(EAX=07H,ECX=0):EBX[5]', 1, true) ~= nil, value)
  check('hover names the feature AVX2', value:find('AVX2', 1, true) ~= nil, value)
  check('hover explains the 0 flag', value:find('the guest will not see AVX2', 1, true) ~= nil, value)
  check('hover range is the flag character',
    hover ~= nil and hover.range ~= nil and hover.range.start.line == hover_line
      and hover.range.start.character == hover_col and hover.range['end'].character == hover_col + 1,
    hover and vim.inspect(hover.range, { newline = ' ', indent = '' }) or 'no hover')
  return client_id
end

local ok, client_id_or_err = pcall(run)
if not ok then
  check('test ran to completion', false, tostring(client_id_or_err))
end

-- Write results before shutting down so they survive a hang in shutdown.
vim.fn.mkdir(vim.fn.fnamemodify(results_path, ':h'), 'p')
results.failures = failures
local file = io.open(results_path, 'w')
if file then
  file:write(vim.fn.json_encode(results))
  file:close()
  say('results written to ' .. results_path)
else
  say('FAIL could not write ' .. results_path)
  failures = failures + 1
end

-- Shut the server down cleanly (shutdown + exit), then quit with a status.
if ok and client_id_or_err then
  vim.lsp.stop_client(client_id_or_err)
  vim.wait(5000, function()
    return vim.lsp.client_is_stopped(client_id_or_err)
  end, 50)
end
say(failures == 0 and 'all checks passed' or (failures .. ' check(s) failed'))
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
