-- The raw ceiling's two tables: a checkout with a version, and an outbox. 10000 checkouts at
-- version 0 (`npm run bench` replaces the count with each of its --scales).
DROP TABLE IF EXISTS checkouts;
DROP TABLE IF EXISTS outbox;

CREATE TABLE checkouts (
  id         uuid PRIMARY KEY,
  version    int NOT NULL DEFAULT 0,
  billing    jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  aggregate_id uuid NOT NULL,
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO checkouts (id) SELECT gen_random_uuid() FROM generate_series(1, 10000);

-- As the bench leaves the service's tables: statistics, and a visibility map (index-only scans).
VACUUM ANALYZE checkouts;
