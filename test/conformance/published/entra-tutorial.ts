// Request bodies copied verbatim from Microsoft's published documentation of what the
// Microsoft Entra provisioning service sends. Do not tidy them: their quirks (a schema URI
// no SCIM schema has, `null` values, a misspelled extension URN, capitalized ops, strings
// for booleans) are the point. Ids in request paths are the documents' placeholders; the
// replays put real ids there, and leave the bodies as published.

/** Microsoft Learn, "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID". */
export const TUTORIAL =
  'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';

/** Microsoft Learn, "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service". */
export const KNOWN_ISSUES =
  'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';

/** A published request: where it was copied from, its method and path as printed, and its body. */
export interface PublishedRequest {
  readonly source: string;
  readonly section: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: string;
}

/** TUTORIAL, "SCIM protocol requests and responses", User Operations and Group Operations. */
export const createUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Create User > Request',
  method: 'POST',
  path: '/Users',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    "active": true,
    "emails": [{
        "primary": true,
        "type": "work",
        "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"
    }],
    "meta": {
        "resourceType": "User"
    },
    "name": {
        "formatted": "givenName familyName",
        "familyName": "familyName",
        "givenName": "givenName"
    },
    "roles": []
}`,
};

export const getUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Get User > Request',
  method: 'GET',
  path: '/Users/5d48a0a8e9f04aa38008',
};

export const getUserNotFound: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Get User > Request (user not found)',
  method: 'GET',
  path: '/Users/5171a35d82074e068ce2',
};

export const getUserByQuery: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Get User by query > Request',
  method: 'GET',
  path: '/Users?filter=userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"',
};

export const getUserByQueryZeroResults: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Get User by query - Zero results > Request',
  method: 'GET',
  path: '/Users?filter=userName eq "non-existent user"',
};

export const updateUserMultiValued: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Update User [Multi-valued properties] > Request',
  method: 'PATCH',
  path: '/Users/6764549bef60420686bc',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [
            {
            "op": "Replace",
            "path": "emails[type eq \\"work\\"].value",
            "value": "updatedEmail@microsoft.com"
            },
            {
            "op": "Replace",
            "path": "name.familyName",
            "value": "updatedFamilyName"
            }
    ]
}`,
};

export const updateUserSingleValued: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Update User [Single-valued properties] > Request',
  method: 'PATCH',
  path: '/Users/5171a35d82074e068ce2',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "Replace",
        "path": "userName",
        "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
    }]
}`,
};

export const disableUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Disable User > Request',
  method: 'PATCH',
  path: '/Users/5171a35d82074e068ce2',
  body: `{
    "Operations": [
        {
            "op": "Replace",
            "path": "active",
            "value": false
        }
    ],
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ]
}`,
};

export const deleteUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'User Operations > Delete User > Request',
  method: 'DELETE',
  path: '/Users/5171a35d82074e068ce2',
};

export const createGroup: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Create Group > Request',
  method: 'POST',
  path: '/Groups',
  body: `{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "displayName",
    "meta": {
        "resourceType": "Group"
    }
}`,
};

export const getGroup: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Get Group > Request',
  method: 'GET',
  path: '/Groups/40734ae655284ad3abcc?excludedAttributes=members',
};

export const getGroupByDisplayName: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Get Group by displayName > Request',
  method: 'GET',
  path: '/Groups?excludedAttributes=members&filter=displayName eq "displayName"',
};

export const updateGroupNonMember: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Update Group [Non-member attributes] > Request',
  method: 'PATCH',
  path: '/Groups/fa2ce26709934589afc5',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "Replace",
        "path": "displayName",
        "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"
    }]
}`,
};

/** The member id the add and remove examples name. */
export const PUBLISHED_MEMBER_ID = 'f648f8d5ea4e4cd38e9c';

export const addMembers: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Update Group [Add Members] > Request',
  method: 'PATCH',
  path: '/Groups/a99962b9f99d4c4fac67',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "Add",
        "path": "members",
        "value": [{
            "$ref": null,
            "value": "f648f8d5ea4e4cd38e9c"
        }]
    }]
}`,
};

export const removeMembers: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Update Group [Remove Members] > Request',
  method: 'PATCH',
  path: '/Groups/a99962b9f99d4c4fac67',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{
        "op": "Remove",
        "path": "members",
        "value": [{
            "$ref": null,
            "value": "f648f8d5ea4e4cd38e9c"
        }]
    }]
}`,
};

export const deleteGroup: PublishedRequest = {
  source: TUTORIAL,
  section: 'Group Operations > Delete Group > Request',
  method: 'DELETE',
  path: '/Groups/cdb1ce18f65944079d37',
};

export const discoverSchema: PublishedRequest = {
  source: TUTORIAL,
  section: 'Schema discovery > Discover schema > Request',
  method: 'GET',
  path: '/Schemas',
};

/** TUTORIAL, "Handling provisioning and deprovisioning of users", Examples 1 to 6. */
export const queryByExternalId: PublishedRequest = {
  source: TUTORIAL,
  section: 'Handling provisioning and deprovisioning of users > Example 1. Query the service for a matching user',
  method: 'GET',
  path: '/Users?filter=externalId eq jyoung',
};

export const provisionUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'Handling provisioning and deprovisioning of users > Example 2. Provision a user',
  method: 'POST',
  path: '/Users',
  body: `{
   "schemas":
   [
     "urn:ietf:params:scim:schemas:core:2.0:User",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
   "externalId":"jyoung",
   "userName":"jyoung@testuser.com",
   "active":true,
   "addresses":null,
   "displayName":"Joy Young",
   "emails": [
     {
       "type":"work",
       "value":"jyoung@Contoso.com",
       "primary":true}],
   "meta": {
     "resourceType":"User"},
    "name":{
     "familyName":"Young",
     "givenName":"Joy"},
   "phoneNumbers":null,
   "preferredLanguage":null,
   "title":null,
   "department":null,
   "manager":null}`,
};

export const queryUserState: PublishedRequest = {
  source: TUTORIAL,
  section: 'Handling provisioning and deprovisioning of users > Example 3. Query the current state of a user',
  method: 'GET',
  path: '/Users/a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1',
};

/** The manager id Example 5 names. */
export const PUBLISHED_MANAGER_ID = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';

export const updateManager: PublishedRequest = {
  source: TUTORIAL,
  section:
    'Handling provisioning and deprovisioning of users > Example 5. Request from Microsoft Entra ID to an SCIM endpoint to update a user',
  method: 'PATCH',
  path: '/Users/a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1',
  body: `{
    "schemas": 
    [
      "urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":
    [
      {
        "op":"Add",
        "path":"manager",
        "value":
          [
            {
              "$ref":"http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
              "value":"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"}]}]}`,
};

export const deprovisionUser: PublishedRequest = {
  source: TUTORIAL,
  section: 'Handling provisioning and deprovisioning of users > Example 6. Deprovision a user',
  method: 'DELETE',
  path: '/Users/a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1',
};

/** KNOWN_ISSUES, "Flags to alter the SCIM behavior": each request without and with the flag aadOptscim062020. */
export const disableUserWithoutFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to disable users > Without feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "Replace",
            "path": "active",
            "value": "False"
        }
    ]
  }`,
};

export const disableUserWithFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to disable users > With feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "replace",
            "path": "active",
            "value": false
        }
    ]
  }`,
};

export const addNickNameWithoutFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to add a single-value string attribute > Without feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
      {
        "op": "Add",
        "path": "nickName",
        "value": "Babs"
      }
    ]
  }`,
};

export const addNickNameWithFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to add a single-value string attribute > With feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [
      {
        "op": "add",
        "path": "nickName",
        "value": "Babs"
      }
    ]
  }`,
};

export const replaceManyWithoutFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests to replace multiple attributes > Without feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "Replace",
            "path": "displayName",
            "value": "Pvlo"
        },
        {
            "op": "Replace",
            "path": "emails[type eq \\"work\\"].value",
            "value": "TestBcwqnm@test.microsoft.com"
        },
        {
            "op": "Replace",
            "path": "name.givenName",
            "value": "Gtfd"
        },
        {
            "op": "Replace",
            "path": "name.familyName",
            "value": "Pkqf"
        },
        {
            "op": "Replace",
            "path": "externalId",
            "value": "Eqpj"
        },
        {
            "op": "Replace",
            "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "value": "Eqpj"
        }
    ]
  }`,
};

export const replaceManyWithFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests to replace multiple attributes > With feature flag',
  method: 'PATCH',
  path: '/Users/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "replace",
            "path": "emails[type eq \\"work\\"].value",
            "value": "TestMhvaes@test.microsoft.com"
        },
        {
            "op": "replace",
            "value": {
                "displayName": "Bjfe",
                "name.givenName": "Kkom",
                "name.familyName": "Unua",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq"
            }
        }
    ]
  }`,
};

/** The member ids the two removal examples name. */
export const KNOWN_ISSUES_MEMBER_IDS = ['u1091', '7f4bc1a3-285e-48ae-8202-5accb43efb0e'] as const;

export const removeMemberWithoutFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to remove a group member > Without feature flag',
  method: 'PATCH',
  path: '/Groups/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "Remove",
            "path": "members",
            "value": [
                {
                    "value": "u1091"
                }
            ]
        }
    ]
  }`,
};

export const removeMemberWithFlag: PublishedRequest = {
  source: KNOWN_ISSUES,
  section: 'Requests made to remove a group member > With feature flag',
  method: 'PATCH',
  path: '/Groups/{id}',
  body: `{
    "schemas": [
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    ],
    "Operations": [
        {
            "op": "remove",
            "path": "members[value eq \\"7f4bc1a3-285e-48ae-8202-5accb43efb0e\\"]"
        }
    ]
  }`,
};
