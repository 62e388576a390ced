--
-- PostgreSQL database dump
--

\restrict Zq3fVx9mKc1tR7yPb2WnLs8hJd4gAe6

-- Dumped from database version 14.13
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: add_tax(numeric); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
 SELECT round((add_tax.amount * 1.2), 2) AS round;
END;


ALTER FUNCTION public.add_tax(amount numeric) OWNER TO postgres;

--
-- Name: label(integer); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.label(n integer) RETURNS text
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT
         CASE
             WHEN (label.n > 1) THEN 'many'::text
             ELSE 'one'::text
         END AS "case";
 SELECT 'last'::text AS text;
END;


ALTER FUNCTION public.label(n integer) OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: items; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.items (
    id integer NOT NULL,
    name text,
    price numeric(10,2),
    note text
);


ALTER TABLE public.items OWNER TO postgres;

CREATE SEQUENCE public.items_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE public.items_id_seq OWNER TO postgres;

ALTER SEQUENCE public.items_id_seq OWNED BY public.items.id;

ALTER TABLE ONLY public.items ALTER COLUMN id SET DEFAULT nextval('public.items_id_seq'::regclass);

--
-- Data for Name: items; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.items (id, name, price, note) FROM stdin;
1	apple	1.50	\N
2	it's; a "pear"	2.00	line one\nline two
3	tab\there	3.25	back\\slash; -- not a comment
4	$$ dollar (	\N	/* not a comment either
\.


--
-- Name: items_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.items_id_seq', 4, true);


--
-- Name: items items_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict Zq3fVx9mKc1tR7yPb2WnLs8hJd4gAe6

