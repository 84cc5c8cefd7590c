/*
 * test_scan.c — the sixteen-bytes-at-a-time scanners against their byte
 * loops, the lexer's identifier runs against a byte-by-byte rule, and the
 * splitter against a split that lexes every token (what it must equal), on
 * the same inputs: hand-picked edge cases, random text over an alphabet rich
 * in quotes, comments and dollars, and the corpus.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lexer.h"
#include "lex/scan.h"
#include "lex/script.h"
#include "parse/command.h"
#include "tap.h"

/* The reference: split by lexing every token (the splitter's contract). */
typedef struct ref_splitter
{
	const char *buf;
	size_t		len;
	size_t		pos;
} ref_splitter;

static int
ref_next(ref_splitter *s, rsi_statement *st)
{
	rsi_token	tok;
	size_t		pos = s->pos;

	for (;;)
	{
		pos = rsi_lex_next(s->buf, s->len, pos, &tok);
		if (tok.kind == RSI_TOK_EOF)
		{
			s->pos = s->len;
			return 0;
		}
		if (tok.kind != RSI_TOK_SEMI)
			break;
	}
	st->off = tok.off;
	rsi_line_col(s->buf, s->len, tok.off, &st->line, &st->col);
	st->end = tok.off + tok.len;
	while (tok.kind != RSI_TOK_EOF && tok.kind != RSI_TOK_SEMI)
	{
		st->end = tok.off + tok.len;
		if (tok.kind == RSI_TOK_ERROR && tok.error != RSI_LEX_NUL_BYTE &&
			tok.error != RSI_LEX_EMPTY_QIDENT)
		{
			st->end = s->len;
			pos = s->len;
			break;
		}
		pos = rsi_lex_next(s->buf, s->len, pos, &tok);
	}
	s->pos = pos;
	return 1;
}

/* Split buf both ways; 1 when every statement and position agrees. */
static int
same_split(const char *buf, size_t len, char *why, size_t whysz)
{
	rsi_splitter s;
	ref_splitter r = {buf, len, 0};
	rsi_statement a,
				b;
	int			n = 0;

	rsi_splitter_init(&s, buf, len);
	for (;;)
	{
		int			ga = rsi_splitter_next(&s, &a),
					gb = ref_next(&r, &b);

		if (ga != gb)
		{
			snprintf(why, whysz, "statement %d: splitter %d, reference %d", n, ga, gb);
			return 0;
		}
		if (!ga)
			return 1;
		if (a.off != b.off || a.end != b.end || a.line != b.line || a.col != b.col ||
			s.pos != r.pos)
		{
			snprintf(why, whysz, "statement %d: [%zu,%zu) %d:%d pos %zu, reference [%zu,%zu) %d:%d pos %zu",
					 n, a.off, a.end, a.line, a.col, s.pos, b.off, b.end, b.line, b.col, r.pos);
			return 0;
		}
		n++;
	}
}

/* The identifier rule, byte by byte, as the lexer states it. */
static int
ident_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '$' || c >= 0x80;
}

static int
split_byte(unsigned char c)
{
	return c != 0 && strchr(";'\"$-/", c) != NULL;
}

static unsigned long rng = 12345;

static unsigned
next_rand(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned) (rng >> 33);
}

static int
chain_byte(unsigned char c)
{
	return c == ',' || c == ' ' || (c >= '\t' && c <= '\r') || c == 'k' || c == 'K' ||
		c == 'p' || c == 'P';
}

static int
high_byte(unsigned char c)
{
	return c == 0 || c >= 0x80;
}

static int
either_byte(unsigned char c)
{
	return c == '{' || c == '$';
}

static int
any3_byte(unsigned char c)
{
	return c == '\'' || c == '\\' || c == 0;
}

static size_t
either_simd(const char *b, size_t n, size_t p)
{
	return rsi_scan_either_simd(b, n, p, '{', '$');
}

static size_t
either_scalar(const char *b, size_t n, size_t p)
{
	return rsi_scan_either_scalar(b, n, p, '{', '$');
}

static int
string_byte(unsigned char c)
{
	return c == '\'' || c == '\\' || c == 0 || c == '{' || c == '$';
}

static int
blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static size_t
any3_simd(const char *b, size_t n, size_t p)
{
	return rsi_scan_any3_simd(b, n, p, '\'', '\\', '\0');
}

static size_t
any3_scalar(const char *b, size_t n, size_t p)
{
	return rsi_scan_any3_scalar(b, n, p, '\'', '\\', '\0');
}

typedef size_t (*scan_fn) (const char *, size_t, size_t);

static const struct
{
	const char *name;
	scan_fn		simd,
				scalar;
	int			(*stops) (unsigned char);	/* the byte ends the run */
	int			stop_is_rule;	/* 0: the rule names the bytes that continue it */
}			scanners[] = {
	{"splitter", rsi_scan_split_simd, rsi_scan_split_scalar, split_byte, 1},
	{"identifier", rsi_scan_ident_simd, rsi_scan_ident_scalar, ident_byte, 0},
	{"role chain", rsi_scan_chain_simd, rsi_scan_chain_scalar, chain_byte, 1},
	{"plain ASCII", rsi_scan_ascii_simd, rsi_scan_ascii_scalar, high_byte, 1},
	{"placeholder start", either_simd, either_scalar, either_byte, 1},
	{"quoted text", any3_simd, any3_scalar, any3_byte, 1},
	{"string body", rsi_scan_string_simd, rsi_scan_string_scalar, string_byte, 1},
	{"blank", rsi_scan_blank_simd, rsi_scan_blank_scalar, blank_byte, 1},
};

static void
check_scanners(void)
{
	static char buf[300];
	size_t		k;

	for (k = 0; k < sizeof(scanners) / sizeof(scanners[0]); k++)
	{
		int			bad = 0,
					c,
					iter;
		size_t		i,
					pos;

		/* every byte value at every position of a 16-byte block, and past it */
		for (c = 0; c < 256; c++)
		{
			for (i = 0; i < 40; i++)
			{
				size_t		want;
				unsigned char fill = scanners[k].stop_is_rule ? 'a' : 'z';

				memset(buf, fill, 64);
				buf[i] = (char) c;
				for (want = 0; want < 64; want++)
				{
					int			st = scanners[k].stops((unsigned char) buf[want]);

					if (scanners[k].stop_is_rule ? st : !st)
						break;
				}
				if (scanners[k].simd(buf, 64, 0) != want || scanners[k].scalar(buf, 64, 0) != want)
					bad++;
			}
		}
		TAP_IS_INT(bad, 0, "%s scan: every byte value at every position, both paths agree with the rule",
				   scanners[k].name);

		bad = 0;
		for (iter = 0; iter < 20000; iter++)
		{
			size_t		len = next_rand() % sizeof(buf);

			for (i = 0; i < len; i++)
			{
				/* mostly bytes that continue a run, so that runs are long */
				unsigned	r = next_rand() % 100;

				buf[i] = r < 90 ? "abcXYZ_09$\x80\xff"[r % 12] : (char) next_rand();
				if (r < 90 && scanners[k].stop_is_rule && scanners[k].stops((unsigned char) buf[i]))
					buf[i] = 'a';
			}
			pos = len ? next_rand() % len : 0;
			if (scanners[k].simd(buf, len, pos) != scanners[k].scalar(buf, len, pos))
				bad++;
		}
		TAP_IS_INT(bad, 0, "%s scan: SIMD and scalar agree on 20,000 random buffers", scanners[k].name);
	}
	TAP_OK(1, "built with %s as the default path", RSI_SCAN_SIMD ? "SSE2" : "the scalar loop");
}

/* Identifier tokens end where the byte rule says, from every start. */
static void
check_lexer_idents(void)
{
	static char buf[200];
	int			bad = 0,
				iter;

	for (iter = 0; iter < 20000; iter++)
	{
		size_t		len = 1 + next_rand() % (sizeof(buf) - 1),
					i,
					want;
		rsi_token	t;

		for (i = 0; i < len; i++)
		{
			unsigned	r = next_rand() % 100;

			buf[i] = r < 93 ? "abqXYZ_09$\x80\xc3\xa9"[r % 13] : " (.,;+"[r % 6];
		}
		buf[0] = 'q';
		for (want = 1; want < len && ident_byte((unsigned char) buf[want]); want++)
			;
		rsi_lex_next(buf, len, 0, &t);
		if (t.kind != RSI_TOK_IDENT || t.off != 0 || t.len != want)
			bad++;
	}
	TAP_IS_INT(bad, 0, "lexer: identifier tokens end where the byte rule says (20,000 random runs)");
}

static const char *const cases[] = {
	"", ";", ";;;", "  ", "-- only a comment", "/* only */", "/* unterminated",
	"select 1", "select 1;", "select 1 ; select 2", "select 1 -- c\n; x",
	"a /* c */ ;b", "a /* c */ /* d */ ;b", "a -- c\n -- d\n;b", "a/**/;b", "a--\n;",
	"a /* /* nested */ */ b; c", "a /* /* nested */ ; */ b; c",
	"x 'a;b' y; z", "x 'a\\';b' y; z", "x E'a\\';b' y; z", "x 'a'';b' y; z",
	"x \"a;b\" y; z", "x \"\" y; z", "x \"a\"\"b\" ;", "x 'unterminated; y",
	"x \"unterminated; y", "x $$a;b$$ y; z", "x $tag$a;$b$tag$ y; z", "x $tag$ unterminated;",
	"a$b$c; d", "a$b$ ;c$ d;", "#t$x$; y", "1$x$a;b$x$;c", "1.e5$x$a;$x$;c", "1e$x$;c$x$",
	"$1; $2", "x $ ; y", "x-y; z", "x - - y; z", "x --y; z", "x /y; z", "x */ y; z",
	"x -/* c */ ; z", "x +--c\n; z", "q $a$ $ $a$ ;", "\xc3\xa9t\xc3\xa9 ; x", "a\0b; c",
	"a \0 ; '\0' ; \"\0\"", "a\r\n-- x\r;\n b", "x 'a'\n'b'; y", "u&'x;y'; z", "n'x;y'; z",
	"a $$ b", "a $x", "a $", "a '", "a -", "a /", "a /*", "a --", "x;\n\n  y\t;z",
	"copy t from 's3://b/p' iam_role 'arn:aws:iam::123456789012:role/r';\nunload ('select 1') to 's3://x' iam_role default;",
};

static void
check_split_cases(void)
{
	char		why[256];
	size_t		i;
	int			bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		size_t		len = strlen(cases[i]);

		if (strcmp(cases[i], "a\0b; c") == 0)
			len = 6;
		if (strncmp(cases[i], "a \0 ;", 5) == 0)
			len = 15;		/* the literal's bytes, its NULs included */
		if (!same_split(cases[i], len, why, sizeof(why)))
		{
			bad++;
			printf("# case %zu: %s\n", i, why);
		}
	}
	TAP_IS_INT(bad, 0, "splitter equals the lexing split on %zu edge cases", sizeof(cases) / sizeof(cases[0]));
}

static void
check_split_random(void)
{
	static const char *const atoms[] = {
		";", "'", "\"", "$", "-", "/", "*", "--", "/*", "*/", "$$", "$a$", "$1", " ", "\n", "\r",
		"\\", "''", "E'", "a", "b$", "1", ".", "e", "#", "\t", "x", "q;", "\0", "(", "\xc3\xa9", "\xff"
	};
	static char buf[400];
	char		why[256];
	int			bad = 0,
				iter;

	for (iter = 0; iter < 50000; iter++)
	{
		size_t		len = 0,
					n = next_rand() % 40;

		while (n-- > 0)
		{
			const char *a = atoms[next_rand() % (sizeof(atoms) / sizeof(atoms[0]))];
			size_t		al = a[0] ? strlen(a) : 1;

			memcpy(buf + len, a, al);
			len += al;
		}
		if (!same_split(buf, len, why, sizeof(why)))
		{
			if (bad++ < 5)
			{
				size_t		k;

				printf("# input %d: %s\n# ", iter, why);
				for (k = 0; k < len && k < 120; k++)
					printf(buf[k] >= 32 && buf[k] < 127 ? "%c" : "\\x%02x", (unsigned char) buf[k]);
				printf("\n");
			}
		}
	}
	TAP_IS_INT(bad, 0, "splitter equals the lexing split on 50,000 random scripts");
}

/* The corpus, one script of all its statements, split both ways. */
static void
check_split_corpus(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	char	   *all = NULL;
	size_t		len = 0;
	char		why[256];

	if (d == NULL)
	{
		TAP_OK(1, "# SKIP no corpus directory %s", dir);
		return;
	}
	while ((e = readdir(d)) != NULL)
	{
		char		path[1024];
		FILE	   *f;
		long		n;

		if (strstr(e->d_name, ".jsonl") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL)
			continue;
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		all = realloc(all, len + (size_t) n + 1);
		if (fread(all + len, 1, (size_t) n, f) == (size_t) n)
			len += (size_t) n;
		fclose(f);
	}
	closedir(d);
	/* the JSON lines themselves are a hostile script: quotes, slashes, dollars */
	TAP_OK(len > 0 && same_split(all, len, why, sizeof(why)),
		   "splitter equals the lexing split on the corpus files as one script (%zu bytes)", len);
	free(all);
}

#include "arena.h"

/*
 * The lexer flags a NUL inside quotes (RSI_TOKF_NUL) so that the parser
 * looks for one only then: also one right after a backslash, which the
 * quote scan steps over.
 */
static void
check_nul_in_quotes(void)
{
	static const struct
	{
		const char *text;
		size_t		len;
	}			cases[] = {
		{"copy t from 's3://b/x\0y' iam_role default", 41},
		{"copy t from 's3://b/x\\\0y' iam_role default", 42},
		{"copy t from E's3://b/x\\\0y' iam_role default", 43},
		{"copy \"t\0\" from 's3://b/x' iam_role default", 42},
		{"copy \"t\"\"\0\" from 's3://b/x' iam_role default", 44},
	};
	size_t		i;
	rsi_alloc	al = {arena_alloc, NULL};

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		rsi_command cmd;
		rsi_parse_error err;
		rsi_parse_status r = rsi_parse_command(cases[i].text, cases[i].len, NULL, &al, &cmd, &err);

		TAP_OK(r == RSI_PARSE_SYNTAX && strstr(err.message, "NUL byte") != NULL &&
			   cases[i].text[err.off] == '\0',
			   "a NUL byte inside quotes is refused where it is (case %zu: %s at %zu)", i,
			   err.message, err.off);
		arena_free();
	}
}

int
main(int argc, char **argv)
{
	const char *corpus = argc > 1 ? argv[1] : "../shared/corpus";

	check_scanners();
	check_lexer_idents();
	check_split_cases();
	check_split_random();
	check_split_corpus(corpus);
	check_nul_in_quotes();
	return tap_done();
}
