-- Queries about the embedded social template's data (datagen generate
-- --template social) beyond the generic checks.

-- check: usernames are lower-case handles made from the person's name, emails agree with it
SELECT bool_and(username ~ '^[a-z0-9_.]{3,30}$')
   AND count(*) FILTER (WHERE position(lower(translate(split_part(display_name, ' ', 2), 'ñáéíóúü', 'naeiouu'))
                                       IN email) > 0) >= 0.8 * count(*)
   AND count(DISTINCT username) = count(*)
FROM users;

-- check: users are seen after they sign up; few are verified
SELECT bool_and(last_seen_at >= created_at) FILTER (WHERE last_seen_at IS NOT NULL)
   AND count(*) FILTER (WHERE is_verified) BETWEEN 1 AND 0.1 * count(*)
FROM users;

-- check: posts come after their author signed up and are published within days, drafts never
SELECT bool_and(p.created_at >= u.created_at)
   AND bool_and(p.published_at BETWEEN p.created_at AND p.created_at + interval '2 days')
       FILTER (WHERE p.published_at IS NOT NULL)
   AND bool_and((p.status = 'draft') = (p.published_at IS NULL))
   AND count(*) FILTER (WHERE p.status = 'draft') > 0
FROM posts p JOIN users u ON u.id = p.author_id;

-- check: a few prolific authors write many posts (zipf; uniform would give the top 20 1%)
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM posts GROUP BY author_id
                            ORDER BY n DESC LIMIT 20) top) >= 0.15 * (SELECT count(*) FROM posts);

-- check: view counts are right-skewed
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY view_count) < 0.7 * avg(view_count) FROM posts;

-- check: comments come after their post, replies after the comment they answer
SELECT (SELECT bool_and(c.created_at >= p.created_at)
        FROM comments c JOIN posts p ON p.id = c.post_id)
   AND (SELECT bool_and(c.created_at >= r.created_at AND c.parent_id < c.id)
        FROM comments c JOIN comments r ON r.id = c.parent_id);

-- check: a few posts draw most of the discussion (zipf), many get none
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM comments GROUP BY post_id
                            ORDER BY n DESC LIMIT 80) top) >= 0.15 * (SELECT count(*) FROM comments)
   AND (SELECT count(DISTINCT post_id) FROM comments) < 0.9 * (SELECT count(*) FROM posts);

-- check: the comment tree has no cycles, about half the comments are top-level, threads nest several levels
WITH RECURSIVE thread(id, depth) AS (
    SELECT id, 0 FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.depth + 1 FROM comments c JOIN thread t ON c.parent_id = t.id
    WHERE t.depth < 1000
)
SELECT count(*) = (SELECT count(*) FROM comments)
   AND count(*) FILTER (WHERE depth = 0) BETWEEN 0.45 * count(*) AND 0.65 * count(*)
   AND max(depth) BETWEEN 4 AND 100
FROM thread;

-- check: edits come after the comment was written
SELECT bool_and(edited_at >= created_at) FROM comments WHERE edited_at IS NOT NULL;

-- check: hashtags are distinct lower-case words
SELECT bool_and(name ~ '^[a-z0-9]+$') AND count(DISTINCT name) = count(*) FROM tags;

-- check: posts carry two tags on average, spread over the vocabulary
SELECT (SELECT avg(n) BETWEEN 1.5 AND 3
        FROM (SELECT post_id, count(*) AS n FROM post_tags GROUP BY post_id) s)
   AND (SELECT count(DISTINCT tag_id) FROM post_tags) = (SELECT count(*) FROM tags);

-- check: follows and likes join existing users and posts at most once each
SELECT (SELECT count(*) FROM (SELECT DISTINCT follower_id, followee_id FROM follows) s)
       = (SELECT count(*) FROM follows)
   AND (SELECT count(*) FROM (SELECT DISTINCT user_id, post_id FROM likes) s)
       = (SELECT count(*) FROM likes);

-- check: most users follow several others
SELECT avg(n) BETWEEN 3 AND 7 FROM (SELECT follower_id, count(*) AS n FROM follows GROUP BY follower_id) s;

-- check: the dump's constraints: 7 primary keys, 3 unique, 10 foreign keys, 8 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 7
   AND count(*) FILTER (WHERE contype = 'u') = 3
   AND count(*) FILTER (WHERE contype = 'f') = 10
   AND count(*) FILTER (WHERE contype = 'c') = 8
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
