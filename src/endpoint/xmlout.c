/*
 * xmlout.c — Query protocol responses (xmlout.h).  Every text goes through
 * xmlTextWriter, which escapes it; nothing here builds XML by hand.
 */
#define _DEFAULT_SOURCE			/* strdup */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "xmlout.h"

/* the member name of a list, from botocore's model of Redshift */
static const char *
list_member(const char *key)
{
	if (strcmp(key, "Clusters") == 0)
		return "Cluster";
	if (strcmp(key, "IamRoles") == 0)
		return "ClusterIamRole";
	return "member";
}

static int	write_value(xmlTextWriterPtr w, const char *name, json_t *v, int depth);

static int
write_object(xmlTextWriterPtr w, json_t *obj, int depth)
{
	const char *key;
	json_t	   *v;

	json_object_foreach(obj, key, v)
	{
		if (write_value(w, key, v, depth + 1) < 0)
			return -1;
	}
	return 0;
}

static int
write_value(xmlTextWriterPtr w, const char *name, json_t *v, int depth)
{
	char		num[64];

	if (depth > 16 || json_is_null(v))
		return depth > 16 ? -1 : 0;
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0)
		return -1;
	switch (json_typeof(v))
	{
		case JSON_OBJECT:
			if (write_object(w, v, depth) < 0)
				return -1;
			break;
		case JSON_ARRAY:
			{
				size_t		i;
				json_t	   *item;
				const char *member = list_member(name);

				json_array_foreach(v, i, item)
				{
					if (write_value(w, member, item, depth + 1) < 0)
						return -1;
				}
				break;
			}
		case JSON_STRING:
			if (xmlTextWriterWriteString(w, BAD_CAST json_string_value(v)) < 0)
				return -1;
			break;
		case JSON_INTEGER:
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			if (xmlTextWriterWriteString(w, BAD_CAST num) < 0)
				return -1;
			break;
		case JSON_REAL:
			snprintf(num, sizeof(num), "%.17g", json_real_value(v));
			if (xmlTextWriterWriteString(w, BAD_CAST num) < 0)
				return -1;
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			if (xmlTextWriterWriteString(w, BAD_CAST(json_is_true(v) ? "true" : "false")) < 0)
				return -1;
			break;
		case JSON_NULL:
			break;
	}
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* the document in buf as a malloc'd string */
static char *
finish(xmlTextWriterPtr w, xmlBufferPtr buf, int ok)
{
	char	   *out = NULL;

	if (ok && xmlTextWriterEndDocument(w) < 0)
		ok = 0;
	xmlFreeTextWriter(w);
	if (ok)
		out = strdup((const char *) xmlBufferContent(buf));
	xmlBufferFree(buf);
	return out;
}

char *
ep_xml_result(const char *action, const char *json, const char *request_id)
{
	json_error_t jerr;
	json_t	   *root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	char		tag[96];
	int			ok;

	if (root == NULL || !json_is_object(root) || strlen(action) > 64)
	{
		json_decref(root);
		return NULL;
	}
	buf = xmlBufferCreate();
	w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	if (w == NULL)
	{
		if (buf)
			xmlBufferFree(buf);
		json_decref(root);
		return NULL;
	}
	snprintf(tag, sizeof(tag), "%sResponse", action);
	ok = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) >= 0 &&
		xmlTextWriterStartElementNS(w, NULL, BAD_CAST tag, BAD_CAST EP_XMLNS) >= 0;
	snprintf(tag, sizeof(tag), "%sResult", action);
	ok = ok && xmlTextWriterStartElement(w, BAD_CAST tag) >= 0 &&
		write_object(w, root, 0) == 0 &&
		xmlTextWriterEndElement(w) >= 0 &&
		xmlTextWriterStartElement(w, BAD_CAST "ResponseMetadata") >= 0 &&
		xmlTextWriterWriteElement(w, BAD_CAST "RequestId", BAD_CAST request_id) >= 0 &&
		xmlTextWriterEndElement(w) >= 0 &&
		xmlTextWriterEndElement(w) >= 0;
	json_decref(root);
	return finish(w, buf, ok);
}

char *
ep_xml_error(const ep_error *err, const char *request_id)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int			ok;

	if (w == NULL)
	{
		if (buf)
			xmlBufferFree(buf);
		return NULL;
	}
	ok = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) >= 0 &&
		xmlTextWriterStartElementNS(w, NULL, BAD_CAST "ErrorResponse", BAD_CAST EP_XMLNS) >= 0 &&
		xmlTextWriterStartElement(w, BAD_CAST "Error") >= 0 &&
		xmlTextWriterWriteElement(w, BAD_CAST "Type", BAD_CAST(err->sender ? "Sender" : "Receiver")) >= 0 &&
		xmlTextWriterWriteElement(w, BAD_CAST "Code", BAD_CAST err->code) >= 0 &&
		xmlTextWriterWriteElement(w, BAD_CAST "Message", BAD_CAST err->message) >= 0 &&
		xmlTextWriterEndElement(w) >= 0 &&
		xmlTextWriterWriteElement(w, BAD_CAST "RequestId", BAD_CAST request_id) >= 0 &&
		xmlTextWriterEndElement(w) >= 0;
	return finish(w, buf, ok);
}
