-- Queries about library.json's data beyond the generic checks.

-- check: xml values are well-formed
SELECT bool_and(xml_is_well_formed(metadata::text)) FROM books;

-- check: text search vectors hold lexemes
SELECT count(*) FILTER (WHERE length(search) > 0) > 0 FROM books;

-- check: ISBNs respect their domain
SELECT bool_and(length(isbn) BETWEEN 10 AND 17) FROM books;

-- check: member numbers come from member_no_seq
SELECT min(member_no) >= 5000 AND max(member_no) <= 999999 FROM members;

-- check: every author-book pair appears once
SELECT count(*) = count(DISTINCT (book_id, author_id)) FROM book_authors;

-- check: awkward text survives in both formats
SELECT count(DISTINCT epigraph) = 11
   AND count(*) FILTER (WHERE epigraph = E'\\.') > 0
   AND count(*) FILTER (WHERE epigraph = E'E''\\x41''') > 0
FROM books;

-- check: composite publisher values are set
SELECT count(*) FILTER (WHERE (publisher).name IS NOT NULL) > 0 FROM books;

-- check: loans are due after they start
SELECT bool_and(loaned_on <= due_on) FROM loans;

-- check: enum labels with a space and a quote are values like any other
SELECT count(DISTINCT condition) = 5 AND count(*) FILTER (WHERE condition = 'don''t lend') > 0
FROM books;
