-- wrk script: creates agenda items (a write in one transaction each).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MB_TOKEN")
wrk.body = '{"title":"Benchmark item","kind":"report","minutes":"A paragraph of minute text."}'
