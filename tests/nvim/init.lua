-- A minimal Neovim (0.7 or later) configuration for wikilint's language server, as the docs
-- show it, plus a test mode: tests/test_server_nvim.py runs
--   nvim --headless -u tests/nvim/init.lua PAGE.wiki
-- with WIKILINT_NVIM_OUT set; Neovim then waits for the diagnostics of PAGE.wiki, writes them
-- as JSON to that file and quits. WIKILINT_SERVER_CMD (a JSON list) overrides the command.

local cmd = { "wikilint", "server" }
if os.getenv("WIKILINT_SERVER_CMD") then
  cmd = vim.fn.json_decode(os.getenv("WIKILINT_SERVER_CMD"))
end

-- ---- the part to copy into your own init.lua ------------------------------------------
vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = { "*.wiki", "*.wikitext", "*.mediawiki" },
  callback = function(args)
    vim.bo[args.buf].filetype = "mediawiki"
    local client_id = vim.lsp.start_client({
      name = "wikilint",
      cmd = cmd,
      root_dir = vim.fn.getcwd(),
      -- any setting of the `wikilint server` docs, e.g. { site = "zhwiki", ignore = { "WL601" } }
      init_options = { debounceMs = 150 },
    })
    if client_id then
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})
-- ----------------------------------------------------------------------------------------

local out = os.getenv("WIKILINT_NVIM_OUT")
if out then
  vim.api.nvim_create_autocmd("VimEnter", {
    callback = function()
      local buf = vim.api.nvim_get_current_buf()
      local timeout = tonumber(os.getenv("WIKILINT_NVIM_TIMEOUT") or "60000")
      local got = vim.wait(timeout, function()
        return #vim.diagnostic.get(buf) > 0
      end, 50)
      local items = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = (d.user_data and d.user_data.lsp) or {}
        table.insert(items, {
          lnum = d.lnum,
          col = d.col,
          end_lnum = d.end_lnum,
          end_col = d.end_col,
          severity = d.severity,
          message = d.message,
          source = d.source,
          code = d.code or lsp.code,
        })
      end
      vim.fn.writefile({ vim.fn.json_encode({ ok = got, diagnostics = items }) }, out)
      vim.cmd("qa!")
    end,
  })
end
