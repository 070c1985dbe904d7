-- Several instances: a worker claims an outbox row for a while (the lease)
-- before sending it; a lease that runs out (the instance died mid-send)
-- lets another instance take the row.
ALTER TABLE outbox ADD COLUMN leased_until TIMESTAMP NULL;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NULL;
