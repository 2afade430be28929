-- wrk script: GET hub/overview over a 30-day range with its previous period, a different question
-- on every request. The start day walks the ~700 days of the data in a scrambled order; the pinned
-- today moves on by one day every 700 requests, so that no request repeats an earlier one and the
-- answer cache can never answer (today does not change the answer of an explicit range).
local day = 86400
local first = os.time({year = 2023, month = 7, day = 1, hour = 12})
local today = os.time({year = 2025, month = 6, day = 30, hour = 12})
local counter = 0

request = function()
  counter = counter + 1
  local offset = (counter * 7919) % 700
  local from = first + offset * day
  local to = from + 29 * day
  local pinned = today + math.floor(counter / 700) * day
  local path = "/api/v1/datasets/shop/hub/overview?from=" .. os.date("!%Y-%m-%d", from)
      .. "&to=" .. os.date("!%Y-%m-%d", to) .. "&compare=previous_period&today=" .. os.date("!%Y-%m-%d", pinned)
  return wrk.format("GET", path)
end
