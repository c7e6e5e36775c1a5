-- The hand-written source of mini.copy.dump.sql and mini.sql.dump.sql (loaded,
-- then dumped with pg_dump), and of broken.dump.sql and loadfail.dump.sql.
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE TYPE public.shelf_state AS ENUM ('open', 'closed');
CREATE DOMAIN public.isbn13 AS character(13)
    CONSTRAINT isbn13_check CHECK ((VALUE ~ '^[0-9]{13}$'::text));

CREATE SEQUENCE public.ticket_seq START WITH 100 INCREMENT BY 5;

CREATE TABLE public."order" (
    id integer NOT NULL,
    "user" character varying(40) NOT NULL,
    state public.shelf_state NOT NULL,
    note text,
    parent_id integer,
    ticket bigint DEFAULT nextval('public.ticket_seq'::regclass) NOT NULL,
    CONSTRAINT order_user_check CHECK ((length(("user")::text) <= 40))
);
CREATE SEQUENCE public.order_id_seq AS integer START WITH 1 INCREMENT BY 1;
ALTER SEQUENCE public.order_id_seq OWNED BY public."order".id;
ALTER TABLE ONLY public."order" ALTER COLUMN id SET DEFAULT nextval('public.order_id_seq'::regclass);

CREATE TABLE public."Line" (
    order_id integer NOT NULL,
    line_no smallint NOT NULL,
    isbn public.isbn13 NOT NULL,
    qty integer NOT NULL,
    CONSTRAINT qty_range CHECK (((qty >= 1) AND (qty <= 9)))
);

COPY public."order" (id, "user", state, note, parent_id, ticket) FROM stdin;
1	it's	open	tab\there	\N	100
2	back\\slash	closed	line\nbreak	1	105
3	naïve café 東京	open	\N	1	110
\.

INSERT INTO public."order" (id, "user", state, note, parent_id, ticket)
SELECT i, 'user' || i, CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'open' END::public.shelf_state,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 2 END,
       100 + 5 * (i - 1)
FROM generate_series(4, 150) AS i;

INSERT INTO public."Line" (order_id, line_no, isbn, qty)
SELECT (i + 1) / 2, 1 + i % 2, lpad((9780000000000 + i)::text, 13, '0'), 1 + i % 9
FROM generate_series(1, 300) AS i;

SELECT pg_catalog.setval('public.order_id_seq', 150, true);
SELECT pg_catalog.setval('public.ticket_seq', 845, true);

ALTER TABLE ONLY public."order" ADD CONSTRAINT order_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public."order" ADD CONSTRAINT order_ticket_key UNIQUE (ticket);
ALTER TABLE ONLY public."Line" ADD CONSTRAINT "Line_pkey" PRIMARY KEY (order_id, line_no);
CREATE INDEX order_user_idx ON public."order" USING hash ("user");
ALTER TABLE ONLY public."order" ADD CONSTRAINT order_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public."order"(id) ON DELETE SET NULL;
ALTER TABLE ONLY public."Line" ADD CONSTRAINT "Line_order_id_fkey" FOREIGN KEY (order_id) REFERENCES public."order"(id);

COMMENT ON TABLE public."order" IS 'orders, named by a reserved word';
COMMENT ON COLUMN public."order"."user" IS 'who ordered';
