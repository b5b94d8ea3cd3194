-- Distinct schemas (a record whose default differs per request), spread over 8 subjects.
-- REG_PREFIX (digits) keeps several wrk processes' schemas distinct from each other.
local prefix = os.getenv("REG_PREFIX") or ""
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
counter = 0
request = function()
  counter = counter + 1
  local body = '{"schema":"{\\"type\\":\\"record\\",\\"name\\":\\"R\\",\\"fields\\":[{\\"name\\":\\"f\\",\\"type\\":\\"long\\",\\"default\\":'
    .. prefix .. tid .. '000000' .. counter .. '}]}"}'
  return wrk.format("POST", "/subjects/reg-" .. (counter % 8) .. "/versions",
                    {["Content-Type"] = "application/vnd.schemaregistry.v1+json"}, body)
end
