-- wrk script: GET hub/overview over a 30-day range with its previous period, a different question
-- on every request, on ThroughputProbe's dataset (data-gen's quick profile: 2025-01-01 to
-- 2025-12-31). The start day walks the year's 336 possible starts in a scrambled order; the pinned
-- today moves on by one day every 336 requests, so that no request repeats an earlier one and the
-- answer cache can never answer (today does not change the answer of an explicit range).
local day = 86400
local first = os.time({year = 2025, month = 1, day = 1, hour = 12})
local today = os.time({year = 2025, month = 12, day = 31, hour = 12})
local counter = 0

request = function()
  counter = counter + 1
  local offset = (counter * 7919) % 336
  local from = first + offset * day
  local to = from + 29 * day
  local pinned = today + math.floor(counter / 336) * day
  local path = "/api/v1/datasets/shop/hub/overview?from=" .. os.date("!%Y-%m-%d", from)
      .. "&to=" .. os.date("!%Y-%m-%d", to) .. "&compare=previous_period&today=" .. os.date("!%Y-%m-%d", pinned)
  return wrk.format("GET", path)
end
