/** The real user-db's demo accounts (user/password, user1/password, Eve_Berger/eve) with an address and a card each. */
export interface DemoUser {
  id: string;
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string;
  address: { id: string; number: string; street: string; city: string; postcode: string; country: string };
  card: { id: string; longNum: string; expires: string; ccv: string };
}

export const demoUsers: readonly DemoUser[] = [
  {
    id: '57a98d98e4b00679b4a830b2',
    username: 'user',
    password: 'password',
    firstName: 'User',
    lastName: 'Name',
    email: 'user@weave.works',
    address: { id: '57a98d98e4b00679b4a830b0', number: '246', street: 'Whitelees Road', city: 'Glasgow', postcode: 'G67 3DL', country: 'United Kingdom' },
    card: { id: '57a98d98e4b00679b4a830b1', longNum: '5544154011345918', expires: '08/19', ccv: '958' },
  },
  {
    id: '57a98d98e4b00679b4a830b5',
    username: 'user1',
    password: 'password',
    firstName: 'User1',
    lastName: 'Name1',
    email: 'user1@weave.works',
    address: { id: '57a98d98e4b00679b4a830b3', number: '4', street: 'Maes-y-Deri', city: 'Aberdare', postcode: 'CF44 6TF', country: 'United Kingdom' },
    card: { id: '57a98d98e4b00679b4a830b4', longNum: '5544154011234567', expires: '08/19', ccv: '958' },
  },
  {
    id: '57a98d98e4b00679b4a830af',
    username: 'Eve_Berger',
    password: 'eve',
    firstName: 'Eve',
    lastName: 'Berger',
    email: 'eve@berger.com',
    address: { id: '57a98d98e4b00679b4a830ad', number: '3', street: 'Radstock Road', city: 'Bristol', postcode: 'BS3 4PH', country: 'United Kingdom' },
    card: { id: '57a98d98e4b00679b4a830ae', longNum: '5953580604169678', expires: '08/19', ccv: '678' },
  },
];
