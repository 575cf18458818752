"""What only the demo uses: stand-ins for services a real deployment gets from elsewhere (DigiD, eHerkenning)."""
