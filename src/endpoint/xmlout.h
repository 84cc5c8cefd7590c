/*
 * xmlout.h — Query protocol responses, written with libxml2's xmlTextWriter.
 *
 * A result is the extension's JSON ({"Cluster": {...}}, {"Clusters": [...],
 * "Marker": ...}) in botocore's XML shape: objects become elements, lists
 * wrap each item in the member name of the model (Clusters/Cluster,
 * IamRoles/ClusterIamRole).  Pure C (jansson, libxml2), unit-tested.
 */
#ifndef RSI_EP_XMLOUT_H
#define RSI_EP_XMLOUT_H

#include <stddef.h>

#include "awserr.h"

#define EP_XMLNS "http://redshift.amazonaws.com/doc/2012-12-01/"

/* <ActionResponse><ActionResult>json as XML</ActionResult><ResponseMetadata>…;
 * malloc'd, NULL when json is not an object or on allocation failure */
extern char *ep_xml_result(const char *action, const char *json, const char *request_id);

/* <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>; malloc'd */
extern char *ep_xml_error(const ep_error *err, const char *request_id);

#endif							/* RSI_EP_XMLOUT_H */
