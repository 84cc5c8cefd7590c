-- redshift_iam upgrade script 0.1.0 -> 0.2.0.
--
-- This file holds the changes to objects that 0.1.0 already had (the parts
-- numbered 00-20); the Makefile appends the parts that are new in 0.2.0.
-- Whoever changes an object of a 0.1.0 part writes the same change here
-- (CREATE OR REPLACE, ALTER, ...): test/extended/upgrade.sh compares an
-- upgraded database with a fresh install and fails on any difference.

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION redshift_iam UPDATE TO '0.2.0'" to load this file. \quit

