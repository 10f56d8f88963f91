// Request bodies copied verbatim from Okta's published SCIM 2.0 reference. Do not tidy
// them: Okta sends no Content-Type in these examples, writes `password` and `groups` into a
// new user, carries `id` and `meta` in a PUT, and renames a group with a path-less replace
// that carries the group's own id. Ids are the document's placeholders; the replays put real
// ids in paths and, where a body names an id, replace that id and nothing else.
import type { PublishedRequest } from './entra-tutorial.ts';

/** Okta Developer, "SCIM 2.0 Protocol Reference" (Okta and SCIM Version 2.0). */
export const REFERENCE = 'https://developer.okta.com/docs/reference/scim/scim-20/';

/** The ids the reference names: its user, and the second user of its membership examples. */
export const PUBLISHED_USER_ID = '23a35c27-23d3-4c03-b4c5-6443c09e7173';
export const PUBLISHED_OTHER_USER_ID = '89bb1940-b905-4575-9e7f-6f887cfb368e';
export const PUBLISHED_GROUP_ID = 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b';

export const findUser: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Create Users > Determine if the User already exists',
  method: 'GET',
  path: '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100',
};

export const createUser: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Create Users > Create the User',
  method: 'POST',
  path: '/Users',
  body: `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "test.user@okta.local",
    "name": {
        "givenName": "Test",
        "familyName": "User"
    },
    "emails": [{
        "primary": true,
        "value": "test.user@okta.local",
        "type": "work"
    }],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": true
}`,
};

export const createUserWithCustomAttributes: PublishedRequest = {
  source: REFERENCE,
  section:
    'SCIM User operations > Create Users > Create the User (with custom attributes defined in the application schema)',
  method: 'POST',
  path: '/Users',
  body: `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "test.user@okta.local",
    "name": {
        "givenName": "Test",
        "familyName": "User"
    },
    "emails": [{
        "primary": true,
        "value": "test.user@okta.local",
        "type": "work"
    }],
    "displayName": "Test User",
    "locale": "en-US",
    "groups": [],
    "password": "1mz050nq",
    "active": true
}`,
};

export const listUsers: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Retrieve Users',
  method: 'GET',
  path: '/Users?startIndex=1&count=100',
};

export const getUser: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Retrieve a specific User',
  method: 'GET',
  path: `/Users/${PUBLISHED_USER_ID}`,
};

export const replaceUser: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Update a specific User (PUT) > Update the User',
  method: 'PUT',
  path: `/Users/${PUBLISHED_USER_ID}`,
  body: `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
    "userName": "test.user@okta.local",
    "name": {
        "givenName": "Another",
        "middleName": "Excited",
        "familyName": "User"
    },
    "emails": [{
        "primary": true,
        "value": "test.user@okta.local",
        "type": "work",
        "display": "test.user@okta.local"
    }],
    "active": true,
    "groups": [],
    "meta": {
        "resourceType": "User"
    }
}`,
};

export const deactivateUser: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM User operations > Update a specific User (PATCH)',
  method: 'PATCH',
  path: `/Users/${PUBLISHED_USER_ID}`,
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "replace",
        "value": {
            "active": false
        }
    }]
}`,
};

export const createGroup: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Create Groups',
  method: 'POST',
  path: '/Groups',
  body: `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "displayName": "Test SCIMv2",
    "members": []
}`,
};

export const listGroups: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Retrieve Groups',
  method: 'GET',
  path: '/Groups?startIndex=1&count=100',
};

export const getGroup: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Retrieve specific Groups',
  method: 'GET',
  path: `/Groups/${PUBLISHED_GROUP_ID}`,
};

export const renameGroup: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Update a specific Group name',
  method: 'PATCH',
  path: `/Groups/${PUBLISHED_GROUP_ID}`,
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "replace",
        "value": {
            "id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
            "displayName": "Test SCIMv2"
        }
    }]
}`,
};

export const updateMembership: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Update specific Group membership',
  method: 'PATCH',
  path: `/Groups/${PUBLISHED_GROUP_ID}`,
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
          "op": "remove",
          "path": "members[value eq \\"89bb1940-b905-4575-9e7f-6f887cfb368e\\"]"
        },
        {
          "op": "add",
          "path": "members",
          "value": [{
              "value": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
              "display": "test.user@okta.local"
        }]
    }]
}`,
};

export const replaceMembers: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Update specific Group membership (a full push with replace)',
  method: 'PATCH',
  path: `/Groups/${PUBLISHED_GROUP_ID}`,
  body: `{
  "schemas": [
    "urn:ietf:params:scim:api:messages:2.0:PatchOp"
  ],
  "Operations": [
    {
      "op": "replace",
      "path": "members",
      "value": [
        {
          "value": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
          "display": "test.user@okta.local"
        },
        {
          "value": "89bb1940-b905-4575-9e7f-6f887cfb368e",
          "display": "test.user@okta.local"
        }
      ]
    }
  ]
}`,
};

export const deleteGroup: PublishedRequest = {
  source: REFERENCE,
  section: 'SCIM Group operations > Delete a specific Group',
  method: 'DELETE',
  path: `/Groups/${PUBLISHED_GROUP_ID}`,
};
