/*
 * walk.c — directory arguments (see walk.h).
 */
#define _XOPEN_SOURCE 700

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "output.h"

typedef struct found
{
	char	   *path;
	dev_t		dev;
	ino_t		ino;
	size_t		order;			/* rank in byte order of paths */
} found;

typedef struct walk
{
	const char *const *excludes;
	size_t		nexcludes;
	size_t		root_len;		/* bytes of the path before the relative part */
	found	   *found;
	size_t		nfound,
				capfound;
	/* directories on the current path, for loops */
	dev_t	   *devs;
	ino_t	   *inos;
	size_t		depth,
				capdepth;
	char	   *err;
	size_t		errlen;
	int			failed;
} walk;

static int
excluded(const walk *w, const char *path)
{
	const char *rel = path + w->root_len;
	const char *base = strrchr(path, '/');
	size_t		i;

	base = base ? base + 1 : path;
	for (i = 0; i < w->nexcludes; i++)
		if (fnmatch(w->excludes[i], rel, 0) == 0 || fnmatch(w->excludes[i], base, 0) == 0)
			return 1;
	return 0;
}

static int
has_sql_suffix(const char *name)
{
	size_t		n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static void
fail(walk *w, const char *path, const char *why)
{
	if (!w->failed)
		snprintf(w->err, w->errlen, "%s: %s", path, why);
	else
	{
		/* earlier errors were named already; report this one now */
		cli_flush_stdout();
		fprintf(stderr, CLI_PROGNAME ": %s: %s\n", path, why);
	}
	w->failed = 1;
}

static int
push_found(walk *w, char *path, const struct stat *st)
{
	if (w->nfound == w->capfound)
	{
		size_t		cap = w->capfound ? w->capfound * 2 : 64;
		found	   *p = realloc(w->found, cap * sizeof(found));

		if (p == NULL)
			return -1;
		w->found = p;
		w->capfound = cap;
	}
	w->found[w->nfound].path = path;
	w->found[w->nfound].dev = st->st_dev;
	w->found[w->nfound].ino = st->st_ino;
	w->nfound++;
	return 0;
}

static void
walk_dir(walk *w, const char *dir, const struct stat *dst)
{
	DIR		   *d;
	struct dirent *e;
	size_t		i;

	for (i = 0; i < w->depth; i++)
		if (w->devs[i] == dst->st_dev && w->inos[i] == dst->st_ino)
		{
			cli_flush_stdout();
			fprintf(stderr, CLI_PROGNAME ": warning: %s: symbolic link loop (a directory it is in); not followed\n",
					dir);
			return;
		}
	if (w->depth == w->capdepth)
	{
		size_t		cap = w->capdepth ? w->capdepth * 2 : 16;
		dev_t	   *dv = realloc(w->devs, cap * sizeof(dev_t));
		ino_t	   *in;

		if (dv == NULL)
		{
			fail(w, dir, "out of memory");
			return;
		}
		w->devs = dv;
		in = realloc(w->inos, cap * sizeof(ino_t));
		if (in == NULL)
		{
			fail(w, dir, "out of memory");
			return;
		}
		w->inos = in;
		w->capdepth = cap;
	}
	d = opendir(dir);
	if (d == NULL)
	{
		fail(w, dir, strerror(errno));
		return;
	}
	w->devs[w->depth] = dst->st_dev;
	w->inos[w->depth] = dst->st_ino;
	w->depth++;
	for (;;)
	{
		size_t		dlen = strlen(dir);
		char	   *path;
		struct stat st;

		errno = 0;
		e = readdir(d);
		if (e == NULL)
		{
			if (errno != 0)
				fail(w, dir, strerror(errno));
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = malloc(dlen + strlen(e->d_name) + 2);
		if (path == NULL)
		{
			fail(w, dir, "out of memory");
			break;
		}
		sprintf(path, "%s%s%s", dir, dlen > 0 && dir[dlen - 1] == '/' ? "" : "/", e->d_name);
		if (excluded(w, path))
		{
			free(path);
			continue;
		}
		if (stat(path, &st) != 0)
		{
			/* a dangling link: an error only where a script was expected */
			if (has_sql_suffix(e->d_name))
				fail(w, path, strerror(errno));
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode))
		{
			walk_dir(w, path, &st);
			free(path);
		}
		else if (S_ISREG(st.st_mode) && has_sql_suffix(e->d_name))
		{
			if (push_found(w, path, &st) != 0)
			{
				free(path);
				fail(w, dir, "out of memory");
				break;
			}
		}
		else
			free(path);
	}
	closedir(d);
	w->depth--;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const found *) a)->path, ((const found *) b)->path);
}

/* the same file together, its first path first */
static int
by_file(const void *a, const void *b)
{
	const found *x = a,
			   *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
by_order(const void *a, const void *b)
{
	const found *x = a,
			   *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

int
cli_walk_dir(const char *dir, const char *const *excludes, size_t nexcludes,
			 cli_file_list *list, char *err, size_t errlen)
{
	walk		w;
	struct stat st;
	size_t		dlen = strlen(dir),
				i;

	memset(&w, 0, sizeof(w));
	w.excludes = excludes;
	w.nexcludes = nexcludes;
	w.root_len = dlen + (dlen > 0 && dir[dlen - 1] == '/' ? 0 : 1);
	w.err = err;
	w.errlen = errlen;
	if (stat(dir, &st) != 0)
	{
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	walk_dir(&w, dir, &st);
	/* byte order of paths; then each file once, under its first path */
	qsort(w.found, w.nfound, sizeof(found), by_path);
	for (i = 0; i < w.nfound; i++)
		w.found[i].order = i;
	qsort(w.found, w.nfound, sizeof(found), by_file);
	for (i = 1; i < w.nfound; i++)
		if (w.found[i].dev == w.found[i - 1].dev && w.found[i].ino == w.found[i - 1].ino)
		{
			free(w.found[i].path);
			w.found[i].path = NULL;
		}
	qsort(w.found, w.nfound, sizeof(found), by_order);
	for (i = 0; i < w.nfound; i++)
	{
		if (w.found[i].path == NULL)
			continue;
		if (list->n == list->cap)
		{
			size_t		cap = list->cap ? list->cap * 2 : 64;
			char	  **p = realloc(list->paths, cap * sizeof(char *));

			if (p == NULL)
			{
				if (!w.failed)
					snprintf(err, errlen, "%s: out of memory", dir);
				w.failed = 1;
				for (; i < w.nfound; i++)
					free(w.found[i].path);	/* NULL for a duplicate */
				break;
			}
			list->paths = p;
			list->cap = cap;
		}
		list->paths[list->n++] = w.found[i].path;
	}
	if (!w.failed && w.nfound == 0)
	{
		snprintf(err, errlen, "%s: no *.sql file in the directory", dir);
		w.failed = 1;
	}
	free(w.found);
	free(w.devs);
	free(w.inos);
	return w.failed ? -1 : 0;
}

void
cli_file_list_free(cli_file_list *list)
{
	size_t		i;

	for (i = 0; i < list->n; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof(*list));
}
