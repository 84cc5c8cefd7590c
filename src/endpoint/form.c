/*
 * form.c — form-encoded Query parameters (form.h).
 *
 * Decoding is the core's one percent-decoder (util/urlenc.h), with '+' as
 * a space, as HTML forms and AWS's SDKs encode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/urlenc.h"
#include "util/utf8.h"
#include "form.h"

static char *
decode_piece(const char *s, size_t n, size_t *outlen)
{
	char	   *out = malloc(n + 1);
	long		len;

	if (out == NULL)
		return NULL;
	len = rsi_url_decode(s, n, out, 1);
	if (len < 0 || memchr(out, '\0', (size_t) len) != NULL ||
		rsi_utf8_valid_prefix(out, (size_t) len) != (size_t) len)
	{
		free(out);
		return NULL;
	}
	*outlen = (size_t) len;
	return out;
}

/* a parameter name as shown in an error: bounded, printable ASCII */
static void
show_name(const char *s, size_t n, char *out, size_t outsz)
{
	size_t		i,
				j = 0;

	for (i = 0; i < n && j + 1 < outsz && i < 64; i++)
		out[j++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[j] = '\0';
}

const char *
ep_form_parse(const char *body, size_t len, ep_form *form, char *why, size_t whylen)
{
	size_t		pos = 0;
	size_t		cap = 0;

	form->params = NULL;
	form->n = 0;
	while (pos < len)
	{
		const char *piece = body + pos;
		const char *amp = memchr(piece, '&', len - pos);
		size_t		plen = amp ? (size_t) (amp - piece) : len - pos;
		const char *eq = memchr(piece, '=', plen);
		size_t		nlen = eq ? (size_t) (eq - piece) : plen;
		char		shown[80];
		ep_param	p;
		size_t		dummy,
					i;

		pos += plen + (amp ? 1 : 0);
		if (plen == 0)
			continue;			/* "a=1&&b=2", a trailing '&' */
		show_name(piece, nlen, shown, sizeof(shown));
		if (nlen == 0)
		{
			snprintf(why, whylen, "A parameter has no name.");
			return why;
		}
		if (nlen > EP_FORM_MAX_NAME)
		{
			snprintf(why, whylen, "Parameter name %s... is longer than %d bytes.", shown,
					 EP_FORM_MAX_NAME);
			return why;
		}
		if (form->n >= EP_FORM_MAX_PARAMS)
		{
			snprintf(why, whylen, "The request has more than %d parameters.", EP_FORM_MAX_PARAMS);
			return why;
		}
		p.name = decode_piece(piece, nlen, &dummy);
		if (p.name == NULL)
		{
			snprintf(why, whylen, "Parameter name %s is not valid form encoding of UTF-8 text.", shown);
			return why;
		}
		if (eq)
			p.value = decode_piece(eq + 1, plen - nlen - 1, &p.value_len);
		else
		{
			p.value = calloc(1, 1);
			p.value_len = 0;
		}
		if (p.value == NULL)
		{
			snprintf(why, whylen, "The value of parameter %s is not valid form encoding of UTF-8 text.", shown);
			free(p.name);
			return why;
		}
		for (i = 0; i < form->n; i++)
			if (strcmp(form->params[i].name, p.name) == 0)
			{
				show_name(p.name, strlen(p.name), shown, sizeof(shown));
				snprintf(why, whylen, "Parameter %s appears more than once.", shown);
				free(p.name);
				free(p.value);
				return why;
			}
		if (form->n == cap)
		{
			size_t		ncap = cap ? cap * 2 : 16;
			ep_param   *np = realloc(form->params, ncap * sizeof(ep_param));

			if (np == NULL)
			{
				free(p.name);
				free(p.value);
				snprintf(why, whylen, "Out of memory.");
				return why;
			}
			form->params = np;
			cap = ncap;
		}
		form->params[form->n++] = p;
	}
	return NULL;
}

void
ep_form_free(ep_form *form)
{
	size_t		i;

	for (i = 0; i < form->n; i++)
	{
		free(form->params[i].name);
		free(form->params[i].value);
	}
	free(form->params);
	form->params = NULL;
	form->n = 0;
}

const char *
ep_form_get(const ep_form *form, const char *name)
{
	size_t		i;

	for (i = 0; i < form->n; i++)
		if (strcmp(form->params[i].name, name) == 0)
			return form->params[i].value;
	return NULL;
}

/* a list index: 1 to EP_FORM_MAX_PARAMS, decimal, no sign or leading zero */
static long
list_index(const char *s)
{
	long		v = 0;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s; s++)
	{
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > EP_FORM_MAX_PARAMS)
			return -1;
	}
	return v;
}

const char **
ep_form_list(const ep_form *form, const char *prefix, size_t *count)
{
	size_t		plen = strlen(prefix);
	size_t		i,
				n = 0;
	const char **out;

	*count = 0;
	for (i = 0; i < form->n; i++)
	{
		const char *name = form->params[i].name;

		if (strncmp(name, prefix, plen) == 0 && name[plen] == '.')
			n++;
	}
	if (n == 0)
		return NULL;
	out = calloc(n, sizeof(char *));
	if (out == NULL)
	{
		*count = (size_t) -1;
		return NULL;
	}
	for (i = 0; i < form->n; i++)
	{
		const char *name = form->params[i].name;
		long		ix;

		if (strncmp(name, prefix, plen) != 0 || name[plen] != '.')
			continue;
		ix = list_index(name + plen + 1);
		if (ix < 1 || (size_t) ix > n || out[ix - 1] != NULL)
		{
			free(out);
			*count = (size_t) -1;
			return NULL;
		}
		out[ix - 1] = form->params[i].value;
	}
	*count = n;
	return out;
}
